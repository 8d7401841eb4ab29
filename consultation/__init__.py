"""The domain of Samråd: models and the services that enforce its rules, one package per part.

`people`, `drafts`, `remiss`, `meetings` and `review` each hold their models and services and
name their public parts in their `__init__`; `audit`, `errors`, `timezones`, `text` and `base`
are shared by all of them. The walls between the parts are import-linter contracts in
pyproject.toml; docs/architecture.md draws them.

Services take a SQLAlchemy Session and plain values, raise the errors in
`consultation.errors`, and leave the commit to their caller.
"""
