"""File storage whose files appear only once completely written.

Django's FileSystemStorage writes straight into the final name: a disk that fills up (or a
process killed) half-way leaves a truncated file that a later listing, backup or download
would take for real. Here the bytes go to a hidden temporary file in the same folder,
which is renamed into place only after the last byte was written and flushed; any error
removes the temporary file, so a failed save leaves nothing behind."""

from __future__ import annotations

import contextlib
import os
import tempfile

from django.core.files.storage import FileSystemStorage


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".part-")
        reserved = None
        try:
            with os.fdopen(fd, "wb") as fh:
                if hasattr(content, "seek"):
                    with contextlib.suppress(OSError, ValueError):
                        content.seek(0)
                for chunk in content.chunks():
                    fh.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                fh.flush()
                os.fsync(fh.fileno())
            # Reserve the final name exclusively (two saves never share a name), then move
            # the complete file over the reservation in one step.
            while True:
                try:
                    os.close(os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                    reserved = full_path
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
            os.replace(tmp, full_path)
            reserved = None
        except BaseException:
            if reserved is not None:
                with contextlib.suppress(OSError):
                    os.unlink(reserved)
            raise
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")
