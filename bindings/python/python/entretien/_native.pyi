"""Type stubs of the extension module (the Python layer in __init__.py is typed inline)."""

from os import PathLike
from typing import Any, Iterable, List, Optional, Sequence, Tuple, Union

class EntretienError(Exception):
    """An error of entretien, with what went wrong and where."""

    kind: str
    """io, invalid_utf8, invalid_encoding, nul_byte, transcript, unsupported_format, lexicon,
    data or config."""
    path: Optional[str]
    line: Optional[int]
    byte_offset: Optional[int]
    entry: Optional[str]

class NativeAggregate:
    @staticmethod
    def from_json(text: str) -> NativeAggregate: ...
    def to_json(self) -> str: ...
    def merge(self, other: NativeAggregate) -> NativeAggregate: ...
    def keyness_json(self, terms: str = "stems", min_freq: int = 3) -> str: ...
    def themes_json(self, top_terms: int = 8) -> str: ...
    def groups_json(self) -> str: ...

class NativeScores:
    documents: int
    bytes_read: int
    skipped: List[str]
    def rows_jsonl(self) -> bytes: ...
    def aggregate(self) -> NativeAggregate: ...
    def failures(self) -> List[EntretienError]: ...

class NativeAnalyzer:
    themes: List[str]
    warnings: List[str]
    def __init__(
        self,
        lexicon: Union[None, str, dict] = None,
        speakers: str = "respondent",
        negation: str = "exclude",
        by: Optional[str] = None,
        stopwords: Optional[str] = None,
        add_stopwords: Optional[Sequence[str]] = None,
        input_format: Optional[str] = None,
        lossy: bool = False,
        encoding: Optional[str] = None,
        interviewer: Sequence[str] = ...,
        respondent: Sequence[str] = ...,
        metadata: Optional[str] = None,
    ) -> None: ...
    def score_text(
        self, text: str, unit: str = "document", evidence: bool = False, all_themes: bool = False
    ) -> bytes: ...
    def score(
        self,
        kind: str,
        inputs: Iterable[Any],
        unit: str = "document",
        threads: Optional[int] = None,
        evidence: bool = False,
        all_themes: bool = False,
        strict: bool = False,
    ) -> NativeScores: ...
    def kwic(
        self,
        pattern: str,
        paths: Sequence[Union[str, PathLike[str]]],
        context: int = 8,
        sort: str = "document",
        threads: Optional[int] = None,
    ) -> Tuple[bytes, List[EntretienError]]: ...
    def vocab(
        self,
        paths: Sequence[Union[str, PathLike[str]]],
        stems: bool = False,
        stopwords: bool = True,
        top: int = 50,
        threads: Optional[int] = None,
    ) -> Tuple[bytes, List[EntretienError]]: ...
    def read_transcript(self, path: Union[str, PathLike[str]]) -> str: ...
    def read_bytes(self, data: bytes, name: Union[str, PathLike[str]]) -> str: ...

def read_transcript(
    path: Union[str, PathLike[str]],
    input_format: Optional[str] = None,
    lossy: bool = False,
    encoding: Optional[str] = None,
) -> str: ...
def version() -> str: ...
