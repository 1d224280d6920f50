"""HTTP clients for the Fortnox and Upsales APIs."""
