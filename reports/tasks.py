"""Background work: rendering large documents (the province's consolidated report).

Run by `manage.py db_worker` (django-tasks-db); `--batch` processes the queue and exits.
A task that raises is recorded as failed by the worker, and the document is marked failed
by `documents.document_render` before the exception leaves, so the page never waits on a
render that will not come."""

from __future__ import annotations

from django.tasks import task

from reports import documents
from reports.models import Document


@task()
def render_document_task(document_id: int) -> str:
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    document = documents.document_render(document)
    return document.status
