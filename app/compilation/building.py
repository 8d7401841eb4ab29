"""A large compilation's Word file as a background job (consultation/review/compilation_files).

The download view asks for the file and hands its job on; any worker runs `compilation_file_job`:
it gathers the compilation again, in the language it was asked for, builds the .docx and keeps it
under the content's digest. Run again (a worker died), it finds the file built and does nothing.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale

from consultation.jobs import JobContext, register
from consultation.people.access import SYSTEM
from consultation.review import CompilationFile, compilation, compilation_files


@register(compilation_files.COMPILATION_FILE_JOB, max_attempts=2)
def compilation_file_job(context: JobContext) -> None:
    # Deferred: python-docx is a tenth of the app's start-up and only a Word download needs it.
    from .documents import build_docx

    session = context.session
    found = session.get(CompilationFile, int(context.parameters["file_id"]))
    if found is None or found.built_at is not None:
        return  # replaced by a newer state of the content, or built by an earlier attempt
    for_public, order, by_stance, locale = compilation_files.parse_variant(found.variant)
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]), force_locale(locale):
        result = compilation.build_compilation(
            session, SYSTEM, found.round_id, order, for_public=for_public, by_stance=by_stance
        )
        context.progress(0.2)
        data = build_docx(result)
    compilation_files.keep_built(session, found.id, result, data)
