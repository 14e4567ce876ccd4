"""The feasibility gate before a resolution becomes a public promise, and deadline realism."""
