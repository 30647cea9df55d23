"""The workshop's domain: models, rules, the SQLite store and every use case. No UI imports here."""
