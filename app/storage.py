"""Uploaded files: checked by content, stored by content hash, written atomically.

One small interface so a shared volume or an object store can replace the local directory.
"""

import hashlib
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import puremagic

from app.errors import ValidationFailed

ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
}
DOCUMENT_KINDS = ("pdf", "csv", "xlsx")
IMAGE_KINDS = ("png", "jpg")


@dataclass(frozen=True)
class StoredFile:
    key: str  # sha256 hex of the content
    kind: str  # one of ALLOWED_TYPES
    content_type: str
    size: int
    filename: str  # safe display name


def _looks_like_csv(content: bytes) -> bool:
    try:
        text = content[:65536].decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if "\x00" in text:
        return False
    first_line = text.splitlines()[0] if text else ""
    return "," in first_line or "\t" in first_line or ";" in first_line


def _is_xlsx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            return "[Content_Types].xml" in archive.namelist() and any(
                name.startswith("xl/") for name in archive.namelist()
            )
    except zipfile.BadZipFile:
        return False


def detect_kind(content: bytes) -> str | None:
    """The file's real type from its bytes; the name and the browser's header are ignored."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        return "xlsx" if _is_xlsx(content) else None
    try:
        extension = puremagic.from_string(content)
    except puremagic.PureError:
        extension = ""
    if extension in (".png",):
        return "png"
    if extension in (".jpg", ".jpeg"):
        return "jpg"
    if not extension and _looks_like_csv(content):
        return "csv"
    return None


def safe_filename(name: str, kind: str) -> str:
    stem = Path(name or "file").stem
    stem = re.sub(r"[^A-Za-z0-9._ -]+", "_", stem).strip(" ._") or "file"
    return f"{stem[:80]}.{kind}"


def check_upload(
    content: bytes, filename: str, *, allowed: tuple[str, ...], max_bytes: int
) -> tuple[str, str]:
    """(kind, safe filename) or ValidationFailed naming what is wrong."""
    if not content:
        raise ValidationFailed("The file is empty.")
    if len(content) > max_bytes:
        raise ValidationFailed(f"The file is larger than {max_bytes // (1024 * 1024)} MB.")
    kind = detect_kind(content)
    if kind not in allowed:
        names = ", ".join(k.upper() for k in allowed)
        raise ValidationFailed(f"This file is not a real {names} file. Upload one of: {names}.")
    return kind, safe_filename(filename, kind)


class FileStore:
    """Files under a directory, named by the SHA-256 of their content."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", key):
            raise ValueError("not a content key")
        return self.root / key[:2] / key

    def save(self, content: bytes) -> str:
        key = hashlib.sha256(content).hexdigest()
        path = self._path(key)
        if path.exists():
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target, then renamed: a crash never leaves half a file under the key.
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return key

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def file_store(data_dir: Path) -> FileStore:
    return FileStore(data_dir / "uploads")
