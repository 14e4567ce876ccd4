"""Users and their memberships: a role in an organization, from which permissions follow."""
