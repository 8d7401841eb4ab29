"""The coordinators' pages: the register of organisations, and users."""
