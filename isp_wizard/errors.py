"""One exception root for the whole product, with a subclass per cause.

Errors from PyYAML, pydantic, pyHanko, cryptography and sqlite3 are translated into these at the
boundary, so the CLI and the GUI show one kind of message. ``exit_code`` is what the CLI returns.
"""

from __future__ import annotations


class WizardError(Exception):
    """Something went wrong that the user can understand and act on."""

    exit_code = 2


# --- usage and input -------------------------------------------------------------------------


class UsageError(WizardError):
    """The command was called with arguments that do not make sense."""


class InputFileError(WizardError):
    """A file given as input is missing, unreadable or malformed."""


# --- rules -----------------------------------------------------------------------------------


class RulesError(WizardError):
    """The rule pack cannot be used."""


class RulesFolderError(RulesError):
    """The rules folder is missing or holds no rule files."""


class UnknownTreeError(RulesError):
    """A tree id was asked for that the pack does not hold."""


class ScenarioError(RulesError):
    """A scenario or answers file does not fit its tree."""


# --- engine ----------------------------------------------------------------------------------


class SessionError(WizardError):
    """The session cannot do what was asked."""


class InvalidAnswerError(SessionError):
    """An answer does not fit the question it was given for."""


class NotReachedError(SessionError):
    """A node was named that is not on the current route."""


# --- record ----------------------------------------------------------------------------------


class RecordError(WizardError):
    """A decision record could not be built or read."""


class NotARecordError(RecordError):
    """The file is not a decision record made by this application."""


class IdentityError(WizardError):
    """A signing identity is missing, unreadable or unusable."""


class MissingIdentityError(IdentityError):
    """No signing identity has been created or imported yet."""


class WrongPassphraseError(IdentityError):
    """The passphrase does not open the identity file."""


class SigningError(RecordError):
    """The record could not be signed."""


class CertificateAuthorityError(IdentityError):
    """The organisation's signing CA is missing or cannot be used."""


# --- store -----------------------------------------------------------------------------------


class StoreError(WizardError):
    """Drafts or the register cannot be read or written."""


class DraftError(StoreError):
    """A draft cannot be read or resumed."""


class RegisterError(StoreError):
    """The register cannot be opened or written."""


class RegisterLockedError(RegisterError):
    """Another program holds the register locked for too long."""


class RegisterVersionError(RegisterError):
    """The register was written by a newer version of the application."""


class NotARegisterError(RegisterError):
    """The register file is not a register (not SQLite, or not ours)."""


# --- governance ------------------------------------------------------------------------------


class ReportError(WizardError):
    """The monitoring report could not be built or written."""


class MergeError(StoreError):
    """Exports could not be merged into the partnership register."""

    exit_code = 1


# --- the partnership's shared register (a PostgreSQL server) ----------------------------------


class ServerError(RegisterError):
    """The partnership register on the server cannot be used just now (work goes on offline)."""


class ServerUnreachableError(ServerError):
    """The server does not answer: down, or no network."""


class ServerLoginError(ServerError):
    """The server refused the user name, password or certificate."""


class ServerTLSError(ServerError):
    """The secure connection failed: the server's certificate is not the partnership's."""


class SyncRefusedError(ServerError):
    """The server's register no longer extends what this laptop saw: its history was changed."""
