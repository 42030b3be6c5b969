"""Files from outside, read into plain records; grouped by what they read.

intake/ — every check of a file from outside and one set of limits, the workbook reader, the child
process for .xls; results/ — result files; roadmap/ — roadmaps from Word, Excel and pasted text. The
schools list is read by desktop/services/schools_io.py through the intake. problems.py: a problem found
in one place of a file, shared by all.
"""
