"""Data and storage: schema, migrations, repositories and Qt item models (QtCore only)."""
