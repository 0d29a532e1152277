"""Reads for the follow-up pages: the dashboard, coming deadlines, the yearly report."""
