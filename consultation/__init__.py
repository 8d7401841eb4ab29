"""The domain of Samråd: models and the services that enforce its rules.

Services take a SQLAlchemy Session and plain values, raise the errors in
`consultation.errors`, and leave the commit to their caller.
"""
