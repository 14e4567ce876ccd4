"""Dashboards, Excel and PDF exports, and spreadsheet import."""
