"""What a route needs, as FastAPI dependencies: the service, and the current build's read model and
search index. A route names what it reads (`model: Model`, `index: Index`) and never reaches into the
app's state itself; a test can override any of them (`app.dependency_overrides`)."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from answers.model import ReadModel
from api.service import LazyIndex, Service, read_model


def get_service(request: Request) -> Service:
    return request.app.state.service


def get_model(service: Annotated[Service, Depends(get_service)]) -> ReadModel:
    return read_model(service)


def get_index(service: Annotated[Service, Depends(get_service)]) -> LazyIndex:
    return LazyIndex(service)


ServiceDep = Annotated[Service, Depends(get_service)]
Model = Annotated[ReadModel, Depends(get_model)]
Index = Annotated[LazyIndex, Depends(get_index)]
