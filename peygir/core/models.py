"""Model building blocks shared by the domain apps."""

from typing import Any, NoReturn

from django.db import models


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """History rows: a bulk update or delete is refused outright."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError(f"{self.model.__name__} rows are append-only.")

    def delete(self) -> NoReturn:
        raise TypeError(f"{self.model.__name__} rows are append-only.")


class AppendOnlyModel(models.Model):
    """A record of something that happened: inserted once, never changed or deleted.

    The guard sits in save() and delete() (and the queryset) because history must not be
    rewritten through any path, the admin and bulk operations included.
    """

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(f"{type(self).__name__} rows are append-only.")
