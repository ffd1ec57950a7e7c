"""entretien: French interview transcripts to typed, quotable evidence.

The analyzer (lexicon, speakers, negation mode) is built once in Rust and shared; corpus runs go
through the library's parallel runner with the GIL released, and give the same rows as
``entretien score --format jsonl``:

>>> from entretien import Analyzer
>>> analyzer = Analyzer()
>>> [row] = analyzer.score_text("Je suis seule devant mon écran.")
>>> row["themes"]["isolement"]["hits"]
1

Rows are plain dicts (``Scores.rows()``) or one table row per unit with the figures of each theme
in columns (``Scores.to_arrow()``, ``to_pandas()``, ``to_polars()``). Corpus counts come as an
:class:`Aggregate` that merges with the aggregates of other shards.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _native
from ._native import EntretienError

__all__ = [
    "Aggregate",
    "Analyzer",
    "EntretienError",
    "Scores",
    "THEME_FIELDS",
    "Transcript",
    "Turn",
    "read_transcript",
    "row_columns",
    "row_record",
    "__version__",
]

__version__: str = _native.version()

PathLike = Union[str, "os.PathLike[str]"]
Lexicon = Union[None, PathLike, Dict[str, List[str]]]

#: The per-theme columns of unit tables, after ``THEME.`` (as in ``entretien score --format csv``).
THEME_FIELDS: Tuple[str, ...] = ("hits", "negated", "weighted", "per_1000", "segments_coded")

#: The columns before the themes: where the unit is, its words and its document's metadata.
FIXED_COLUMNS: Tuple[Tuple[str, str], ...] = (
    ("id", "string"),
    ("unit", "string"),
    ("speaker", "string"),
    ("role", "string"),
    ("turn", "int64"),
    ("index", "int64"),
    ("start", "int64"),
    ("end", "int64"),
    ("words", "int64"),
    ("metadata", "map<string,string>"),
)

_FIELD_TYPES = {"hits": "int64", "negated": "int64", "weighted": "float64",
                "per_1000": "float64", "segments_coded": "int64"}


def row_columns(themes: Sequence[str]) -> List[Tuple[str, str]]:
    """The columns of a unit table as ``(name, type)``: :data:`FIXED_COLUMNS`, then ``THEME.FIELD``
    for each theme (in lexicon order) and each of :data:`THEME_FIELDS`. Types are Arrow's names."""
    columns = list(FIXED_COLUMNS)
    for theme in themes:
        columns.extend((f"{theme}.{f}", _FIELD_TYPES[f]) for f in THEME_FIELDS)
    return columns


def row_record(row: Dict[str, Any], themes: Sequence[str]) -> tuple:
    """One unit row (a dict of :meth:`Scores.rows`) as a tuple in the order of
    :func:`row_columns`; themes without hits give zeros, as in the CLI's CSV rows."""
    span = row.get("span") or {}
    record: list = [
        row["id"],
        row["unit"],
        row.get("speaker"),
        row.get("role"),
        row.get("turn"),
        row.get("index"),
        span.get("start"),
        span.get("end"),
        row["words"],
        row.get("metadata") or {},
    ]
    cells = row.get("themes", {})
    for theme in themes:
        cell = cells.get(theme)
        if cell is None:
            record.extend((0, 0, 0.0, 0.0, 0))
        else:
            record.extend((cell.get("hits", 0), cell.get("negated", 0),
                           float(cell.get("weighted", 0.0)), float(cell.get("per_1000", 0.0)),
                           cell.get("segments_coded", 0)))
    return tuple(record)


def _arrow_schema(themes: Sequence[str]):
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(),
             "map<string,string>": pa.map_(pa.string(), pa.string())}
    return pa.schema([(name, types[kind]) for name, kind in row_columns(themes)])


def _lines(data: bytes) -> Iterator[Dict[str, Any]]:
    for line in data.splitlines():
        if line:
            yield json.loads(line)


class Aggregate:
    """Corpus-level counts (documents, words, hits per theme and group, vocabulary when grouped)
    that merge: the aggregates of shards add up to that of the whole corpus.

    Its JSON is the file ``entretien score --aggregate-out`` writes, and ``entretien merge`` reads.
    Aggregates pickle (as their JSON), so Spark can ``treeReduce`` them with :meth:`merge`.
    """

    __slots__ = ("_inner",)

    def __init__(self, inner: "_native.NativeAggregate") -> None:
        self._inner = inner

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> "Aggregate":
        """Reads an aggregate's JSON; an error of kind ``data`` names what is wrong."""
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return cls(_native.NativeAggregate.from_json(text))

    @classmethod
    def read(cls, path: PathLike) -> "Aggregate":
        """Reads an aggregate file (``--aggregate-out``)."""
        with open(path, encoding="utf-8") as f:
            return cls.from_json(f.read())

    def to_json(self) -> str:
        """The JSON of ``entretien score --aggregate-out`` (without its final newline)."""
        return self._inner.to_json()

    def merge(self, other: "Aggregate") -> "Aggregate":
        """Adds ``other``'s counts to this aggregate and returns it. Both must come from the same
        lexicon, grouping and negation mode (else :class:`EntretienError` of kind ``config``)."""
        self._inner.merge(other._inner)
        return self

    def keyness(self, terms: str = "stems", min_freq: int = 3) -> List[Dict[str, Any]]:
        """Keyness rows: each theme, then each stem (or form, ``terms="forms"``) of each group
        against the other groups, with counts, χ², G² and Lafon's specificity (keyness.csv)."""
        return json.loads(self._inner.keyness_json(terms, min_freq))

    def themes(self, top_terms: int = 8) -> List[Dict[str, Any]]:
        """One row per theme over the corpus (themes.csv)."""
        return json.loads(self._inner.themes_json(top_terms))

    def groups(self) -> List[Dict[str, Any]]:
        """One row per group and theme (groups.csv)."""
        return json.loads(self._inner.groups_json())

    def __reduce__(self):
        return (Aggregate.from_json, (self.to_json(),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Aggregate) and self.to_json() == other.to_json()

    def __repr__(self) -> str:
        head = json.loads(self.to_json())
        return f"Aggregate(documents={head.get('documents')}, words={head.get('words')})"


class Scores:
    """What a corpus run gives: unit rows (in input order), the corpus :class:`Aggregate`, and the
    inputs that failed (a run that is not ``strict`` goes on past them, as the CLI does)."""

    def __init__(self, native: "_native.NativeScores", themes: Sequence[str]) -> None:
        self._native = native
        self.themes: List[str] = list(themes)
        #: Documents scored.
        self.documents: int = native.documents
        #: Bytes read.
        self.bytes_read: int = native.bytes_read
        #: Inputs that failed, each an :class:`EntretienError` with its path, line or byte offset.
        self.failures: List[EntretienError] = native.failures()
        #: What the folder walk skipped, said briefly.
        self.skipped: List[str] = native.skipped

    @property
    def aggregate(self) -> Aggregate:
        """The corpus counts, as ``--aggregate-out`` writes them."""
        return Aggregate(self._native.aggregate())

    def rows_jsonl(self) -> bytes:
        """The rows as JSON Lines: byte for byte ``entretien score --format jsonl``."""
        return self._native.rows_jsonl()

    def rows(self) -> List[Dict[str, Any]]:
        """The rows as dicts (``id``, ``unit``, ``words``, ``themes`` → figures, and ``evidence``
        when asked for)."""
        return list(_lines(self.rows_jsonl()))

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return _lines(self.rows_jsonl())

    def evidence(self) -> List[Dict[str, Any]]:
        """Every hit of the rows (scored with ``evidence=True``), each with its document ``id``,
        theme, indicator, byte ``span``, matched ``text``, speaker, role and ``snippet``."""
        return [dict(e, id=row["id"]) for row in self for e in row.get("evidence", [])]

    def records(self) -> List[tuple]:
        """The rows as tuples in the order of :func:`row_columns`."""
        return [row_record(row, self.themes) for row in self]

    def to_arrow(self):
        """A ``pyarrow.Table``: one row per unit, the columns of :func:`row_columns`."""
        import pyarrow as pa

        schema = _arrow_schema(self.themes)
        columns = list(zip(*self.records())) or [[] for _ in schema]
        arrays = []
        for values, f in zip(columns, schema):
            if pa.types.is_map(f.type):
                values = [list(m.items()) for m in values]
            arrays.append(pa.array(values, type=f.type))
        return pa.Table.from_arrays(arrays, schema=schema)

    def to_pandas(self):
        """A ``pandas.DataFrame`` of :meth:`to_arrow` (metadata as a column of dicts)."""
        return self.to_arrow().to_pandas(maps_as_pydicts="strict")

    def to_polars(self):
        """A ``polars.DataFrame`` of :meth:`to_arrow`."""
        import polars

        return polars.from_arrow(self.to_arrow())

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"Scores(documents={self.documents}, failures={len(self.failures)})"


@dataclass(frozen=True)
class Turn:
    """A turn: its speaker (where known), role, byte span of the transcript's text, and times in
    seconds where the format has them."""

    speaker: Optional[str]
    role: str
    start: int
    end: int
    start_time: Optional[float] = None
    end_time: Optional[float] = None


@dataclass(frozen=True)
class Transcript:
    """A document as read: its text, metadata, speakers with their roles, and turns as spans."""

    id: str
    format: str
    source: Optional[str]
    metadata: Dict[str, str]
    text: str
    speakers: List[Dict[str, Any]]
    turns: List[Turn] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)

    def turn_text(self, turn: Turn) -> str:
        """The words of a turn (byte offsets into the UTF-8 text)."""
        return self.text.encode("utf-8")[turn.start:turn.end].decode("utf-8")


def _transcripts(text: str) -> List[Transcript]:
    docs = []
    for d in json.loads(text):
        turns = [Turn(**t) for t in d.pop("turns")]
        docs.append(Transcript(turns=turns, **d))
    return docs


def read_transcript(path: PathLike, input_format: Optional[str] = None, lossy: bool = False,
                    encoding: Optional[str] = None) -> List[Transcript]:
    """Reads the transcripts of a file in any reader format (several for IRaMuTeQ corpora and JSON
    Lines). Bad input raises :class:`EntretienError` with its path and line or byte offset."""
    return _transcripts(_native.read_transcript(os.fspath(path), input_format, lossy, encoding))


_SHARED: Dict[str, "Analyzer"] = {}


class Analyzer:
    """The compiled lexicon, speaker filter, negation mode and reading options, built once.

    :param lexicon: ``None`` for the embedded French codebook, a lexicon file (native ``.toml``,
        LIWC ``.dic``, quanteda ``.yml``), or a dict ``{theme_id: [indicators]}``.
    :param speakers: whose turns are scored: ``respondent``, ``all`` or ``interviewer``.
    :param negation: what negated hits do: ``exclude``, ``count`` or ``subtract``.
    :param by: a metadata key (or ``speaker_role``) grouping the aggregate, for keyness.
    :param stopwords: a stop list file replacing the French one; ``add_stopwords`` adds words.
    :param input_format: read every input in this format instead of detecting it.
    :param lossy: replace invalid UTF-8 instead of failing.
    :param encoding: read text files in this encoding (``latin1``, ``cp1252``…).
    :param interviewer, respondent: more speaker labels of each role.
    :param metadata: a CSV table of document variables joined to the documents.

    Settings the library refuses raise :class:`EntretienError` (a broken lexicon names its line).
    An analyzer pickles as its settings; unpickled in a process that has one with the same
    settings, it is that one (see :meth:`shared`).
    """

    def __init__(self, lexicon: Lexicon = None, *, speakers: str = "respondent",
                 negation: str = "exclude", by: Optional[str] = None,
                 stopwords: Optional[PathLike] = None,
                 add_stopwords: Optional[Sequence[str]] = None,
                 input_format: Optional[str] = None, lossy: bool = False,
                 encoding: Optional[str] = None, interviewer: Sequence[str] = (),
                 respondent: Sequence[str] = (), metadata: Optional[PathLike] = None) -> None:
        if lexicon is not None and not isinstance(lexicon, dict):
            lexicon = os.fspath(lexicon)
        self._settings: Dict[str, Any] = dict(
            lexicon=lexicon, speakers=speakers, negation=negation, by=by,
            stopwords=None if stopwords is None else os.fspath(stopwords),
            add_stopwords=None if add_stopwords is None else list(add_stopwords),
            input_format=input_format, lossy=lossy, encoding=encoding,
            interviewer=list(interviewer), respondent=list(respondent),
            metadata=None if metadata is None else os.fspath(metadata))
        self._native = _native.NativeAnalyzer(**self._settings)

    @classmethod
    def shared(cls, **settings: Any) -> "Analyzer":
        """The analyzer of these settings in this process, built on the first call: what a Spark
        executor or a worker process uses, so that each builds it once."""
        key = json.dumps(settings, sort_keys=True, default=os.fspath)
        found = _SHARED.get(key)
        if found is None:
            found = _SHARED[key] = cls(**settings)
        return found

    def __reduce__(self):
        return (_shared_from, (self._settings,))

    @property
    def themes(self) -> List[str]:
        """Theme ids, in lexicon order."""
        return self._native.themes

    @property
    def warnings(self) -> List[str]:
        """What loading the lexicon warned about."""
        return self._native.warnings

    def score_text(self, text: str, unit: str = "document", *, evidence: bool = False,
                   all_themes: bool = False) -> List[Dict[str, Any]]:
        """Rows of one text read as one speaker of unknown role (``entretien score --text``)."""
        return list(_lines(self._native.score_text(text, unit, evidence, all_themes)))

    def score_files(self, paths: Union[PathLike, Iterable[PathLike]], unit: str = "document",
                    threads: Optional[int] = None, *, evidence: bool = False,
                    all_themes: bool = False, strict: bool = False) -> Scores:
        """Scores files, folders (searched recursively) and globs in any reader format, on
        ``threads`` workers (default: all cores), the GIL released while it runs.

        :param unit: ``document``, ``speaker``, ``turn``, ``sentence`` or ``segment``.
        :param evidence: rows carry each hit with its span, speaker and snippet.
        :param all_themes: rows list every theme, not only those with hits.
        :param strict: raise at the first input that fails; else failures are listed in
            :attr:`Scores.failures` and the run goes on, like the CLI.
        """
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        paths = [os.fspath(p) for p in paths]
        return self._score("paths", paths, unit, threads, evidence, all_themes, strict)

    def score_bytes(self, documents: Iterable[Tuple[str, bytes]], unit: str = "document",
                    threads: Optional[int] = None, *, evidence: bool = False,
                    all_themes: bool = False, strict: bool = False) -> Scores:
        """Scores documents already read, as ``(file name, content)`` pairs: each is read as that
        file would be (format detected from its name and content, id from its name). A Spark
        ``binaryFiles`` record is such a pair (its ``file:`` prefix is dropped)."""
        docs = [(_local_name(name), bytes(data)) for name, data in documents]
        return self._score("bytes", docs, unit, threads, evidence, all_themes, strict)

    def score_json_lines(self, lines: Iterable[str], source: str = "stdin",
                         unit: str = "document", threads: Optional[int] = None, *,
                         first_line: int = 1, first_document: int = 1, evidence: bool = False,
                         all_themes: bool = False, strict: bool = False) -> Scores:
        """Scores JSON Lines documents (``{"id": …, "text": …, "metadata": {…}}``, one a line;
        blank lines skipped), as ``entretien score`` reads a ``.jsonl`` file named ``source``:
        a document without an id is ``{stem of source}#{n}``. ``first_line`` and
        ``first_document`` number a slice of a longer file (a Spark partition)."""
        items = []
        nth = first_document
        for number, text in enumerate(lines, start=first_line):
            if text.strip():
                items.append((source, number, nth, text))
                nth += 1
        return self.score_numbered_lines(items, unit, threads, evidence=evidence,
                                         all_themes=all_themes, strict=strict)

    def score_numbered_lines(self, lines: Iterable[Tuple[str, int, int, str]],
                             unit: str = "document", threads: Optional[int] = None, *,
                             evidence: bool = False, all_themes: bool = False,
                             strict: bool = False) -> Scores:
        """Scores JSON Lines documents given as ``(source, line, n, text)``: the 1-based line in
        ``source`` (for errors) and the document's rank ``n`` among its non-blank lines (for
        default ids)."""
        return self._score("json_lines", list(lines), unit, threads, evidence, all_themes,
                           strict)

    def _score(self, kind, inputs, unit, threads, evidence, all_themes, strict) -> Scores:
        native = self._native.score(kind, inputs, unit, threads, evidence, all_themes, strict)
        return Scores(native, self.themes)

    def kwic(self, pattern: str, paths: Union[PathLike, Iterable[PathLike]], context: int = 8,
             sort: str = "document", threads: Optional[int] = None) -> List[Dict[str, Any]]:
        """Concordance lines of a word and its inflections (``outil``), exact form (``=outils``), prefix
        (``numéri*``), phrase or theme (``theme:ID``) in the scored speakers' turns, like ``entretien kwic --format jsonl``:
        each with its document, speaker, turn, byte ``start``/``end``, ``left``, ``keyword`` and
        ``right``. ``sort``: ``document``, ``left`` or ``right``. Inputs that fail are skipped."""
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        data, _ = self._native.kwic(pattern, [os.fspath(p) for p in paths], context, sort,
                                    threads)
        return list(_lines(data))

    def vocab(self, paths: Union[PathLike, Iterable[PathLike]], stems: bool = False,
              stopwords: bool = True, top: int = 50,
              threads: Optional[int] = None) -> List[Dict[str, Any]]:
        """Frequency rows of forms (or ``stems``) with document frequency and stopwords marked,
        for the corpus (group ``all``) then each group of ``by``, like
        ``entretien vocab --format jsonl``; ``top=0`` lists all."""
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        data, _ = self._native.vocab([os.fspath(p) for p in paths], stems, stopwords, top,
                                     threads)
        return list(_lines(data))

    def read_transcript(self, path: PathLike) -> List[Transcript]:
        """Reads a file with this analyzer's reading options (format, encoding, roles,
        metadata)."""
        return _transcripts(self._native.read_transcript(os.fspath(path)))

    def read_bytes(self, data: bytes, name: PathLike) -> List[Transcript]:
        """Reads a file's content with this analyzer's reading options, ``name`` telling its
        format and id (as :meth:`score_bytes` reads each document)."""
        return _transcripts(self._native.read_bytes(bytes(data), _local_name(os.fspath(name))))

    def __repr__(self) -> str:
        return f"Analyzer(themes={len(self.themes)}, speakers={self._settings['speakers']!r}, " \
               f"negation={self._settings['negation']!r})"


def _shared_from(settings: Dict[str, Any]) -> Analyzer:
    return Analyzer.shared(**settings)


def _local_name(name: str) -> str:
    """A Spark or Hadoop file URI (``file:/data/a.txt``) as a path; other names as they are."""
    if name.startswith("file://"):
        return name[len("file://"):]
    if name.startswith("file:"):
        return name[len("file:"):]
    return name
