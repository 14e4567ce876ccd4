"""Follow-up actions on resolutions (letters, meetings, calls, visits, inspections), the sweep and escalation."""
