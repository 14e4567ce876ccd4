"""Councils' needs lists, consolidation, Tehran dossiers and national answers."""
