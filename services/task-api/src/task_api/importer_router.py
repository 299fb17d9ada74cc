"""`POST /api/v1/task-generator/run`: run the importer now."""

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from task_api.auth.dependencies import PrincipalDep
from task_api.errors import Conflict
from task_api.http_errors import responses
from task_api.importer import ImportBusy, ImportFailed
from task_api.localized import localized, requested_language
from todo_shared.i18n import Text

router = APIRouter(prefix="/api/v1/task-generator", tags=["importer"])


class ImportResult(BaseModel):
    """What a run of the importer did."""

    message: str
    tasks_created: int
    tasks_updated: int = 0


@router.post(
    "/run",
    response_model=ImportResult,
    responses={502: {"model": ImportResult, "description": "The source failed; nothing saved."}}
    | responses(401, 403, 409, 503),
)
async def run_importer(
    request: Request, response: Response, principal: PrincipalDep
) -> ImportResult | JSONResponse:
    """Import todos from the source now (admins): new ones become tasks, changed ones update.

    A source that is down, slow or sends malformed JSON answers 502 and saves nothing. The
    `message` follows Accept-Language (en, ru).
    """
    importer = request.app.state.importer
    language = requested_language(request.headers)
    try:
        outcome = await importer.run_for(principal)
    except ImportBusy:
        raise Conflict("an import is running in another process; try again shortly") from None
    except ImportFailed as failure:
        message = Text("import failed: {reason}", reason=failure.reason)
        failed = ImportResult(message=message.in_(language), tasks_created=0)
        answer = JSONResponse(failed.model_dump(), status.HTTP_502_BAD_GATEWAY)
        return localized(answer, language)
    message = Text(
        "imported {created} new tasks and updated {updated} from {source}",
        created=outcome.created,
        updated=outcome.updated,
        source=importer.source_url,
    )
    localized(response, language)
    return ImportResult(
        message=message.in_(language),
        tasks_created=outcome.created,
        tasks_updated=outcome.updated,
    )
