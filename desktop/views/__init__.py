"""Widgets and dialogs only; they call services and never hold SQL."""
