"""Pure text analysis: Swedish-first theme clustering of consultation input (no Flask, no SQLAlchemy)."""
