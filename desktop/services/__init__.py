"""Work without widgets: import, deadlines, indicators, documents, export, backup."""
