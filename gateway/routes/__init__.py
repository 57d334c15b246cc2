"""HTTP route handlers; each module is one resource."""
