"""Every URL pattern the project answers, found by walking the resolver.

Each pattern is marked as the project's own (defined in one of our urlconfs, or
served by a view or admin viewset from one of our apps), as Wagtail's own admin
(under /admin/, not ours), or as neither (Wagtail's and Django's public URLs),
so the matrix can insist on an explicit row for each of ours and each public one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Entry:
    route: str  # the full route, e.g. "admin/certificates/<id:pk>/revoke/"
    name: str | None  # "namespace:name", or None for an unnamed pattern
    view: str  # dotted path of the view class or function
    urlconfs: tuple[str, ...]  # modules of the urlconfs it was included through

    @property
    def namespace(self) -> str:
        return self.name.split(":", 1)[0] if self.name and ":" in self.name else ""


def our_apps() -> frozenset[str]:
    """The top-level packages of the apps that live in this repository."""
    base = Path(settings.BASE_DIR).resolve()
    packages = {config.name.split(".")[0] for config in apps.get_app_configs()}
    return frozenset(
        package
        for package in packages
        # a package at the top of the repository, not one in its virtualenv
        if Path(import_module(package).__file__).resolve().parent.parent == base
    )


def _view_path(callback) -> str:
    view_class = getattr(callback, "view_class", None)
    if view_class is None:
        # Wagtail's API viewsets and other wrapped views
        view_class = getattr(callback, "cls", None)
    target = view_class or callback
    return f"{target.__module__}.{getattr(target, '__qualname__', repr(target))}"


def _urlconf_module(resolver: URLResolver) -> str | None:
    name = resolver.urlconf_name
    if isinstance(name, str):
        return name
    return getattr(name, "__name__", None)


def _walk(patterns, prefix: str, namespace: str | None, urlconfs: tuple[str, ...]):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            module = _urlconf_module(pattern)
            yield from _walk(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                inner,
                (*urlconfs, module) if module else urlconfs,
            )
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield Entry(
                route=prefix + str(pattern.pattern),
                name=name,
                view=_view_path(pattern.callback),
                urlconfs=urlconfs,
            )


def all_entries() -> list[Entry]:
    return list(_walk(get_resolver().url_patterns, "", None, ()))


def our_admin_namespaces() -> frozenset[str]:
    """URL namespaces of the Wagtail admin viewsets our apps register: viewsets
    whose class is ours, or whose model is ours (snippet choosers, the users
    viewset). Their views are Wagtail's generic classes, so the view's module
    alone would not show they are ours."""
    from wagtail.admin.viewsets import viewsets

    _ = get_resolver().url_patterns  # the admin registers its viewsets on first use
    ours = our_apps()
    namespaces = set()
    for viewset in viewsets.viewsets:
        if not getattr(viewset, "name", None):
            continue
        model = getattr(viewset, "model", None)
        if isinstance(model, str):
            model = apps.get_model(model)
        model_app = model._meta.app_config.name.split(".")[0] if model else ""
        if type(viewset).__module__.split(".")[0] in ours or model_app in ours:
            namespaces.add(viewset.url_namespace)
    return frozenset(namespaces)


def is_ours(entry: Entry, *, apps_: frozenset[str], namespaces: frozenset[str]):
    return (
        entry.view.split(".")[0] in apps_
        or entry.namespace in namespaces
        or any(module.split(".")[0] in apps_ for module in entry.urlconfs)
    )


def key_of(entry: Entry, duplicate_names: Counter) -> str:
    """The pattern's name when it is unique, otherwise its full route."""
    if entry.name and duplicate_names[entry.name] == 1:
        return entry.name
    return entry.route


def classify() -> tuple[dict[str, Entry], dict[str, Entry]]:
    """(entries needing an explicit row, Wagtail's own admin entries), by key."""
    entries = all_entries()
    names = Counter(entry.name for entry in entries if entry.name)
    apps_ = our_apps()
    namespaces = our_admin_namespaces()
    explicit, wagtail_admin = {}, {}
    for entry in entries:
        key = key_of(entry, names)
        if is_ours(entry, apps_=apps_, namespaces=namespaces):
            explicit[key] = entry
        elif entry.route.startswith("admin/") and entry.view.startswith(
            # wagtail-localize's translation editor is part of Wagtail's admin.
            ("wagtail.", "wagtail_localize.", "django.")
        ):
            wagtail_admin[key] = entry
        else:
            explicit[key] = entry
    return explicit, wagtail_admin
