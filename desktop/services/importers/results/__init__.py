"""Readers of result files (ФИС ОКО reports, РЦОИ protocols, the office's template): detect.py picks the
layout by its headers, one module per layout reads it into the records of records.py."""
