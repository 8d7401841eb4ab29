"""Responding to a remiss round: the stakeholder's pages."""
