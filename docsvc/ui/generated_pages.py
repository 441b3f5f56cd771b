"""Generated documents across the contracts a person may see, with their provenance (template and version,
contract and record revision, what they were made from, who and when); the file is /ui/generated/{id}/file."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from docsvc.contracts.repository import newest_visible
from docsvc.deps import PUBLIC, READ
from docsvc.models import GeneratedDocument
from docsvc.ui.change_request_pages import titles
from docsvc.ui.web import PREFIX, UiDep, page

router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(PUBLIC)])
PAGE_SIZE = 50
SOURCE_PAGES = {"change_request": "change-requests", "price_review": "price-reviews"}


@router.get("/generated")
@page
def generated_list(ui: UiDep, page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1) -> Response:
    principal = ui.require(READ.roles)
    rows = newest_visible(ui.db, GeneratedDocument, principal.customer_id, limit=PAGE_SIZE + 1,
                          offset=(page_no - 1) * PAGE_SIZE)
    shown = rows[:PAGE_SIZE]
    sources = {g.id: f"{PREFIX}/{SOURCE_PAGES[g.source_type]}/{g.source_id}" for g in shown
               if g.source_type in SOURCE_PAGES and g.source_id}
    return ui.render("generated.html", rows=shown, more=len(rows) > PAGE_SIZE, page_no=page_no,
                     sources=sources, contracts=titles(ui, {g.contract_id for g in shown}))
