"""Peygir (پیگیر): so that no resolution of a governorate is forgotten."""
