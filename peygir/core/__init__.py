"""Shared Django pieces: Jalali form fields, Persian template filters, admin look, checks."""
