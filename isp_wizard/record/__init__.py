"""The decision record: model, PDF, signing, verification, identities."""
