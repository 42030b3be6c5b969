"""Readers of roadmaps: a Word order (word_order.py: its plan table or its clauses), an Excel plan table
(plan_table.py, which also holds the core every plan table goes through) and pasted text (pasted_text.py),
all into the records of records.py."""
