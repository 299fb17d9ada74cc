"""`POST /api/v1/task-generator/run`: run the importer now."""

from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from task_api.auth.dependencies import PrincipalDep
from task_api.errors import Conflict
from task_api.http_errors import responses
from task_api.importer import ImportBusy, ImportFailed

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
async def run_importer(request: Request, principal: PrincipalDep) -> ImportResult | JSONResponse:
    """Import todos from the source now (admins): new ones become tasks, changed ones update.

    A source that is down, slow or sends malformed JSON answers 502 and saves nothing.
    """
    importer = request.app.state.importer
    try:
        outcome = await importer.run_for(principal)
    except ImportBusy:
        raise Conflict("an import is running in another process; try again shortly") from None
    except ImportFailed as failure:
        failed = ImportResult(message=f"import failed: {failure.reason}", tasks_created=0)
        return JSONResponse(failed.model_dump(), status.HTTP_502_BAD_GATEWAY)
    message = (
        f"imported {outcome.created} new tasks and updated {outcome.updated} "
        f"from {importer.source_url}"
    )
    return ImportResult(
        message=message, tasks_created=outcome.created, tasks_updated=outcome.updated
    )
