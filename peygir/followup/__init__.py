"""Follow-up actions (letters, meetings, calls, visits, inspections), the sweep, escalation."""
