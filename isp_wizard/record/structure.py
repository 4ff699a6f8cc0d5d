"""What a record's PDF may hold, revision by revision, beyond what the decision maker signed.

A record is one reportlab revision, then the decision maker's signed revision (the record data,
the two signature fields, the decision maker's signature), then at most one more: the manager's
countersignature, which fills the field that was already there. The rules are structural and
strict, on top of pyHanko's own difference analysis (which allows any new signature field, with
any appearance, anywhere, as "form filling"):

- the signed revision holds exactly the two fields, as the only annotations, on the page and in
  the boxes the record's layout puts them;
- every later revision is the signing of the Countersignature field, which rewrites that field's
  object and nothing else that existed before (no catalogue, page, annotation, metadata or
  document-information change), keeps the field's rectangle and page, and adds only new objects.

- or it is a long-term-validation update (``validation_update_problems``): validation data in the
  document security store (DSS) and document time-stamps in new, invisible fields, changing
  nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from isp_wizard.record.places import FIELD_COUNTERSIGN, FIELD_DECIDER, SignaturePlaces

Ref = tuple[int, int]


def _ref(obj: Any) -> Ref | None:
    """(object number, generation) of an indirect object, or None for a direct one."""
    from pyhanko.pdf_utils import generic

    if isinstance(obj, generic.IndirectObject):
        return obj.idnum, obj.generation
    ref: Any = getattr(obj, "container_ref", None)
    idnum = getattr(ref, "idnum", None)
    return (idnum, ref.generation) if idnum is not None else None


def plain(obj: Any, *, depth: int = 0) -> Any:
    """A PDF object as comparable Python data, indirect references kept as references."""
    from pyhanko.pdf_utils import generic

    if depth > 40:
        raise ValueError("the PDF nests objects too deeply")
    if isinstance(obj, generic.IndirectObject):
        return ("ref", obj.idnum, obj.generation)
    if isinstance(obj, generic.StreamObject):
        return ("stream", {str(k): plain(v, depth=depth + 1) for k, v in obj.items()},
                obj.encoded_data)
    if isinstance(obj, dict):
        return {str(k): plain(v, depth=depth + 1) for k, v in obj.items()}
    if isinstance(obj, list):
        return [plain(v, depth=depth + 1) for v in obj]
    if isinstance(obj, bytes):
        return bytes(obj)
    return obj if isinstance(obj, (bool, int, float, str)) or obj is None else str(obj)


def form_fields(resolver: Any) -> dict[str, tuple[Ref | None, Any]]:
    """The AcroForm's top-level fields by name: (reference, dictionary)."""
    root = resolver.root
    form = root.get("/AcroForm")
    if form is None:
        return {}
    found: dict[str, tuple[Ref | None, Any]] = {}
    for item in form.get_object().get("/Fields", []):
        field = item.get_object()
        name = str(field.get("/T", ""))
        if name in found:
            found[name + " (again)"] = (_ref(item), field)
        else:
            found[name] = (_ref(item), field)
    return found


def page_objects(resolver: Any) -> list[Any]:
    """The pages in order (a page tree of limited depth and size)."""
    pages: list[Any] = []

    def walk(node: Any, depth: int) -> None:
        if depth > 20 or len(pages) > 5000:
            raise ValueError("the page tree is too deep or too large")
        node = node.get_object()
        if str(node.get("/Type", "")) == "/Pages" or "/Kids" in node:
            for kid in node.get("/Kids", []):
                walk(kid, depth + 1)
        else:
            pages.append(node)

    walk(resolver.root["/Pages"], 0)
    return pages


def signed_form_problems(resolver: Any, places: SignaturePlaces) -> list[str]:
    """The decision maker's signed revision holds our two fields and no other annotation."""
    problems: list[str] = []
    fields = form_fields(resolver)
    if sorted(fields) != sorted([FIELD_DECIDER, FIELD_COUNTERSIGN]):
        problems.append("the signed document has form fields other than the decision maker's "
                        "and the countersignature (" + ", ".join(sorted(fields)) + ")")
        return problems
    boxes = {FIELD_DECIDER: places.decider, FIELD_COUNTERSIGN: places.countersign}
    widget_refs = {fields[name][0] for name in boxes}
    for index, page in enumerate(page_objects(resolver)):
        annots = page.get("/Annots")
        refs = [_ref(a) for a in annots.get_object()] if annots is not None else []
        expected = widget_refs if index == places.page else set()
        if set(refs) != expected or len(refs) != len(expected):
            problems.append(f"page {index + 1} carries annotations the record does not have "
                            "(something is drawn over the page)")
    for name, box in boxes.items():
        field = fields[name][1]
        rect = [round(float(v)) for v in field.get("/Rect", [])]
        if rect != list(box) or str(field.get("/Subtype", "")) != "/Widget" or \
                str(field.get("/FT", "")) != "/Sig" or "/Kids" in field:
            problems.append(f"the {name} field is not the one the record's layout places")
    if "/V" in fields[FIELD_COUNTERSIGN][1]:
        problems.append("the countersignature field was filled before the decision maker "
                        "signed")
    return problems


INFO_KEYS = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator")


def signing_revision_problems(reader: Any, revision: int, places: SignaturePlaces) -> list[str]:
    """The decision maker's revision changes, of the drawn document, only the catalogue (to add
    the form and the attachment), the document information (dates, producer) and the page that
    carries the signature boxes (its annotations); the pages themselves stay as drawn."""
    xrefs = reader.xrefs
    drawn = reader.get_historical_resolver(revision - 1)
    signed = reader.get_historical_resolver(revision)
    problems: list[str] = []
    trailer = drawn.trailer_view
    root, info = _ref(trailer.raw_get("/Root")), _ref(trailer.raw_get("/Info"))
    pages = page_objects(drawn)
    if not 0 <= places.page < len(pages):
        return ["the signature boxes are not on a page of the record"]
    boxed = _ref(pages[places.page])
    rewritten = sorted(
        (ref.idnum, ref.generation) for ref in xrefs.explicit_refs_in_revision(revision)
        if xrefs.get_introducing_revision(ref) < revision
    )
    others = [ref for ref in rewritten if ref not in (root, info, boxed)]
    if others or xrefs.refs_freed_in_revision(revision):
        problems.append("the signed revision also changes "
                        + ", ".join(_describe(ref, drawn) for ref in others or [(0, 0)]))
    if _ref(signed.trailer_view.raw_get("/Root")) != root or \
            _ref(signed.root.raw_get("/Pages")) != _ref(drawn.root.raw_get("/Pages")):
        problems.append("the signed revision replaces the document's pages")
    before = {k: v for k, v in plain(pages[places.page]).items() if k != "/Annots"}
    after = {k: v for k, v in plain(page_objects(signed)[places.page]).items() if k != "/Annots"}
    if before != after:
        problems.append(f"the signed revision changes page {places.page + 1}")
    old_info, new_info = _info(drawn), _info(signed)
    changed = [k[1:] for k in INFO_KEYS if plain(old_info.get(k)) != plain(new_info.get(k))]
    if changed:
        problems.append("the signed revision changes the document information ("
                        + ", ".join(changed) + ")")
    return problems


def _info(resolver: Any) -> Any:
    """The document information as of ``resolver``'s revision (the trailer view's references
    would resolve in the latest revision)."""
    trailer = resolver.trailer_view
    if "/Info" not in trailer:
        return {}
    return resolver.get_object(trailer.raw_get("/Info").reference)


def later_revision_problems(reader: Any, signatures: Sequence[Any]) -> list[str]:
    """Every revision after the decision maker's is the countersignature, done properly.

    ``signatures`` are the embedded signatures in signing order; the first is the decision
    maker's (the caller checks that).
    """
    problems: list[str] = []
    decider_rev = signatures[0].signed_revision
    total = reader.xrefs.total_revisions
    countersigned = False
    signed_at = {sig.signed_revision: sig for sig in signatures[1:]}
    before = reader.get_historical_resolver(decider_rev)
    for revision in range(decider_rev + 1, total):
        sig = signed_at.get(revision)
        if sig is None:
            found = validation_update_problems(reader, revision)
            if found:
                problems.append(f"revision {revision + 1} changes the document without "
                                "signing it (an update was appended): " + "; ".join(found))
            continue
        if sig.field_name != FIELD_COUNTERSIGN:
            problems.append(f"a signature was added in the field “{sig.field_name}”: after the "
                            "decision maker only the countersignature field may be signed")
            continue
        if countersigned:
            problems.append("the countersignature field was signed more than once")
            continue
        countersigned = True
        problems += _countersign_problems(reader, revision, before,
                                          reader.get_historical_resolver(revision - 1))
    extra = [sig for sig in signatures[1:] if sig.signed_revision <= decider_rev]
    if extra:
        problems.append("more than one signature was made on the decision maker's revision")
    return problems


CATALOGUE_LTV_KEYS = frozenset({"/DSS", "/Extensions"})
FORM_LTV_KEYS = frozenset({"/Fields", "/SigFlags"})


def validation_update_problems(reader: Any, revision: int) -> list[str]:
    """Why ``revision`` is not a long-term-validation update (empty when it is one).

    Such an update may add objects, and change of the existing ones only: the catalogue's
    ``/DSS`` and ``/Extensions`` entries, the DSS and the arrays it holds, the form's field list
    and a page's annotation list, by appending new fields that are invisible document
    time-stamps (their time-stamp token is checked by ``verify``). Nothing is deleted; the
    trailer keeps its catalogue, document information and encryption.
    """
    from pyhanko.pdf_utils import generic

    xrefs = reader.xrefs
    before = reader.get_historical_resolver(revision - 1)
    after = reader.get_historical_resolver(revision)
    problems: list[str] = []
    if xrefs.refs_freed_in_revision(revision):
        problems.append("it deletes objects")
    for key in ("/Root", "/Info", "/Encrypt"):
        old = _ref(before.trailer_view.raw_get(key)) if key in before.trailer_view else None
        new = _ref(after.trailer_view.raw_get(key)) if key in after.trailer_view else None
        if old != new or (key == "/Encrypt" and new is not None):
            problems.append(f"it replaces the document's {key[1:]}")
    root_ref = _ref(before.trailer_view.raw_get("/Root"))
    old_root = before.root
    dss_parts: set[Ref | None] = set()
    if "/DSS" in old_root:
        dss = old_root.raw_get("/DSS")
        dss_parts.add(_ref(dss))
        for value in dss.get_object().values():
            if isinstance(value, generic.IndirectObject):
                dss_parts.add(_ref(value))
    form_ref = _ref(old_root.raw_get("/AcroForm")) if "/AcroForm" in old_root else None
    pages = {_ref(page): page for page in page_objects(before)}
    added: list[Ref | None] = []
    rewritten = sorted((ref.idnum, ref.generation) for ref in xrefs.explicit_refs_in_revision(
        revision) if xrefs.get_introducing_revision(ref) < revision)
    for ref in rewritten:
        old_obj = before.get_object(generic.Reference(*ref))
        new_obj = after.get_object(generic.Reference(*ref))
        if ref == root_ref:
            problems += _only_keys_change(old_obj, new_obj, CATALOGUE_LTV_KEYS, "the catalogue")
        elif ref in dss_parts:
            continue  # the document security store itself: validation data only
        elif ref == form_ref:
            problems += _only_keys_change(old_obj, new_obj, FORM_LTV_KEYS, "the form")
            added += _appended(old_obj.get("/Fields", []), new_obj.get("/Fields", []),
                               "the form's fields", problems)
        elif ref in pages:
            problems += _only_keys_change(old_obj, new_obj, frozenset({"/Annots"}),
                                          _describe(ref, before))
            added += _appended(old_obj.get("/Annots", []), new_obj.get("/Annots", []),
                               f"the annotations of {_describe(ref, before)}", problems)
        else:
            problems.append("it changes " + _describe(ref, before))
    if form_ref is None and "/AcroForm" in old_root:  # a form held in the catalogue itself
        problems.append("the document's form is not where a record keeps it")
    for new_ref in set(added):
        if new_ref is None or \
                xrefs.get_introducing_revision(generic.Reference(*new_ref)) != revision:
            problems.append("an existing object is added to the form or a page")
            continue
        problems += _timestamp_field_problems(after.get_object(generic.Reference(*new_ref)))
    return problems


def _only_keys_change(old: Any, new: Any, allowed: frozenset[str], what: str) -> list[str]:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [f"it replaces {what}"]
    old_plain, new_plain = plain(old), plain(new)
    changed = {k for k in set(old_plain) | set(new_plain)
               if old_plain.get(k) != new_plain.get(k)} - allowed
    return [f"it changes {what} ({', '.join(sorted(changed))})"] if changed else []


def _appended(old: Any, new: Any, what: str, problems: list[str]) -> list[Ref | None]:
    """The references appended to the array ``old`` to make ``new``; a problem if ``new`` does
    not begin with ``old``."""
    old_refs = [_ref(item) for item in _resolved(old)]
    new_refs = [_ref(item) for item in _resolved(new)]
    if new_refs[:len(old_refs)] != old_refs:
        problems.append(f"it removes or reorders {what}")
        return []
    return new_refs[len(old_refs):]


def _resolved(array: Any) -> list[Any]:
    from pyhanko.pdf_utils import generic

    if isinstance(array, generic.IndirectObject):
        array = array.get_object()  # type: ignore[no-untyped-call]
    return list(array) if isinstance(array, list) else []


def _timestamp_field_problems(field: Any) -> list[str]:
    """A field added by a validation update is an invisible document time-stamp."""
    problems: list[str] = []
    value = field.get("/V")
    value = value.get_object() if value is not None else None
    if str(field.get("/FT", "")) != "/Sig" or value is None or \
            str(value.get("/Type", "")) != "/DocTimeStamp" or "/Kids" in field:
        problems.append(f"it adds the field “{field.get('/T', '')}”, which is not a document "
                        "time-stamp")
    rect = [float(v) for v in field.get("/Rect", [0, 0, 0, 0])]
    if len(rect) != 4 or (rect[2] - rect[0]) * (rect[3] - rect[1]) != 0:
        problems.append(f"the time-stamp field “{field.get('/T', '')}” is visible on the page")
    return problems


def _countersign_problems(reader: Any, revision: int, prepared: Any, before: Any) -> list[str]:
    """The countersignature's revision against the one before it (``before``: the decision
    maker's, or a validation update after it); its field is the one ``prepared`` holds."""
    problems: list[str] = []
    after = reader.get_historical_resolver(revision)
    xrefs = reader.xrefs
    old_fields = form_fields(before)
    new_fields = form_fields(after)
    field_ref = form_fields(prepared).get(FIELD_COUNTERSIGN, (None, None))[0]
    if field_ref is None or old_fields.get(FIELD_COUNTERSIGN, (None, None))[0] != field_ref:
        return ["the countersignature field was not prepared by the decision maker's signature"]
    if set(new_fields) != set(old_fields) or new_fields[FIELD_COUNTERSIGN][0] != field_ref:
        problems.append("the countersignature changed the document's form fields")
    if xrefs.refs_freed_in_revision(revision):
        problems.append("the countersignature's revision deletes objects")
    rewritten = sorted(
        (ref.idnum, ref.generation) for ref in xrefs.explicit_refs_in_revision(revision)
        if xrefs.get_introducing_revision(ref) < revision
    )
    others = [ref for ref in rewritten if ref != field_ref]
    if others:
        problems.append("the countersignature's revision also changes "
                        + ", ".join(_describe(ref, before) for ref in others))
    old_trailer, new_trailer = before.trailer_view, after.trailer_view
    for key in ("/Root", "/Info", "/Encrypt"):
        old = _ref(old_trailer.raw_get(key)) if key in old_trailer else None
        new = _ref(new_trailer.raw_get(key)) if key in new_trailer else None
        if old != new or (key == "/Encrypt" and new is not None):
            problems.append(f"the countersignature's revision replaces the document's {key[1:]}")
    old_field = plain(old_fields[FIELD_COUNTERSIGN][1])
    new_field = plain(new_fields.get(FIELD_COUNTERSIGN, (None, {}))[1])
    changed = {k for k in set(old_field) | set(new_field)
               if old_field.get(k) != new_field.get(k)} - {"/V", "/AP"}
    if changed:
        problems.append("the countersignature moved or reshaped its field ("
                        + ", ".join(sorted(changed)) + ")")
    return problems


def _describe(ref: Ref, resolver: Any) -> str:
    trailer = resolver.trailer_view
    root = _ref(trailer.raw_get("/Root"))
    named = {root: "the document catalogue"}
    if "/Info" in trailer:
        named[_ref(trailer.raw_get("/Info"))] = "the document information (metadata)"
    catalogue = resolver.root
    if "/Metadata" in catalogue:
        named[_ref(catalogue.raw_get("/Metadata"))] = "the XMP metadata"
    if "/AcroForm" in catalogue:
        named[_ref(catalogue.raw_get("/AcroForm"))] = "the form"
    try:
        for index, page in enumerate(page_objects(resolver)):
            named.setdefault(_ref(page), f"page {index + 1}")
    except Exception:  # a broken page tree: the object is named by its number
        pass
    return named.get(ref, f"object {ref[0]}")
