"""What an invalid data file is reported as: every problem, each with its line and field."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in a data file. `line` counts from 1; `path` is the field, such as
    `partnerships[0].priorities[3].lead`, or empty when the problem is the file itself."""

    line: int
    path: str
    message: str

    def render(self, filename: str) -> str:
        where = f"{filename}:{self.line}: "
        return f"{where}{self.path}: {self.message}" if self.path else where + self.message


class DataFileInvalid(Exception):
    """The file was refused; nothing was written. `lines` are ready to print."""

    def __init__(self, filename: str, errors: list[DataError]) -> None:
        self.filename = filename
        self.errors = sorted(errors)
        self.lines = [error.render(filename) for error in self.errors]
        super().__init__("\n".join(self.lines))


class DeletionsRefused(DataFileInvalid):
    """A valid file whose import would delete what only the store holds (progress updates,
    done or snoozed occurrences), refused without `allow_deletions`; nothing was written.
    `losses` say what, one each; `lines` are ready to print."""

    def __init__(self, filename: str, losses: list[str]) -> None:
        super().__init__(filename, [])
        self.losses = losses
        self.lines = [f"{filename}: would delete {loss}" for loss in losses]
        self.args = ("\n".join(self.lines),)
