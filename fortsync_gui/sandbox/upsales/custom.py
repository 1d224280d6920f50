"""Custom fields: definitions per entity (``/customfields/{entity}``) and the typed values records carry.

Read-back values carry typed copies derived from the stored string, as recorded on a live tenant::

    {"value": "237", "valueInteger": 237, "valueDouble": 237, "valueArray": ["237"], "fieldId": 2}
    {"value": "1", "valueBoolean": true, "valueInteger": 1, "valueDouble": 1, "valueArray": ["1"], "fieldId": 4}
    {"value": 0, "valueBoolean": false, "valueInteger": 0, "valueDouble": 0, "valueArray": [], "fieldId": 3}
    {"value": "", "valueInteger": null, "valueArray": [""], "fieldId": 13}
    {"value": "A1", "valueArray": ["A1"], "fieldId": 1}

Date fields add ``valueDate`` (Postman example). Number copies depend on the content, not the datatype: a String
field holding "1001" also gets ``valueInteger``/``valueDouble``.
"""

from __future__ import annotations

import re
from typing import Any

from .wire import Json, flag, invalid, is_date, parse_moment, tidy

DATATYPES = frozenset({"String", "Integer", "Currency", "Text", "Boolean", "Select", "Date", "Percent", "Email",
                       "Link", "Discount", "Time", "MultiSelect", "User", "Phone", "Calculation"})
ENTITIES = ("account", "contact", "activity", "appointment", "order", "orderrow", "product", "project", "user",
            "agreement")
_NUMERIC_TYPES = frozenset({"Integer", "Currency", "Percent", "Discount"})
_FLAGS = ("visible", "editable", "locked", "viewonly", "searchable", "lookupField", "obligatoryField")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def new_definition(entity: str, field_id: int, body: Json, taken_aliases: set[str]) -> Json:
    """A field definition from a POST body, with every key the API returns and its defaults."""
    if entity not in ENTITIES:
        raise invalid(f"Invalid entity: {entity}")
    definition: Json = {
        "id": field_id, "name": None, "default": "", "datatype": None, "visible": 1, "editable": 1, "locked": 0,
        "viewonly": 0, "query": None, "searchable": 0, "alias": None, "dropdownDefault": "", "lookupField": 0,
    }
    if entity in ("account", "contact"):
        definition["parFieldId"] = None
    definition.update({"sortId": 0, "obligatoryField": 0,
                       "maxLength": 1024 if entity in ("account", "contact") else 65535, "roles": [],
                       "formGroup": None, "tooltip": None, "integrationDependency": None})
    if entity == "order":
        definition.update({"formulaVisible": 1, "formula": None, "stages": []})
    if entity == "product":
        definition["categories"] = []
    update_definition(definition, body, taken_aliases, creating=True)
    return definition


def update_definition(definition: Json, body: Json, taken_aliases: set[str], *, creating: bool = False) -> None:
    if creating or "name" in body:
        name = body.get("name")
        if not isinstance(name, str) or not name:
            raise invalid("Missing required field: name")
        definition["name"] = name
    if creating or "datatype" in body:
        datatype = body.get("datatype")
        if datatype not in DATATYPES:
            raise invalid(f"Invalid datatype: {datatype!r}")
        definition["datatype"] = datatype
    if "alias" in body:
        alias = body["alias"] or None
        if alias is not None and (not isinstance(alias, str) or alias in taken_aliases):
            raise invalid(f"Alias already in use: {alias}")
        definition["alias"] = alias
    for key in (*_FLAGS, "formulaVisible"):
        if key in body and key in definition:
            definition[key] = flag(body[key], key)
    if "default" in body:
        definition["default"] = body["default"]
    if "dropdownDefault" in body:  # the API answers "" for a list sent here (Postman example)
        value = body["dropdownDefault"]
        definition["dropdownDefault"] = value if isinstance(value, str) or value is None else ""
    for key in ("sortId", "maxLength"):
        if key in body:
            try:
                definition[key] = int(body[key])
            except (TypeError, ValueError):
                raise invalid(f"Invalid value for {key}: {body[key]!r}") from None
    for key in ("tooltip", "formula"):
        if key in body and key in definition:
            definition[key] = body[key]
    if "roles" in body:
        if not isinstance(body["roles"], list):
            raise invalid("Invalid value for roles")
        definition["roles"] = body["roles"]


def stored_value(value: Any, definition: Json) -> str | None:
    """The string Upsales stores for a written value; None removes the value from the record."""
    datatype = definition["datatype"]
    if value is None:
        return None
    if isinstance(value, list):
        if datatype != "MultiSelect":
            raise invalid(f"Invalid value for custom field {definition['id']}")
        value = ",".join(str(v) for v in value)
    if isinstance(value, bool):
        value = "1" if value else "0"
    elif isinstance(value, int | float):
        value = str(tidy(float(value)))
    if not isinstance(value, str):
        raise invalid(f"Invalid value for custom field {definition['id']}")
    if datatype == "Boolean":
        if value.lower() not in ("", "0", "1", "true", "false"):
            raise invalid(f"Invalid boolean for custom field {definition['id']}: {value!r}")
        return "1" if value.lower() in ("1", "true") else "0"
    if value and datatype == "Date":
        moment = parse_moment(value)
        if moment is None:
            raise invalid(f"Invalid date for custom field {definition['id']}: {value!r}")
        return value[:10]
    if value and datatype in _NUMERIC_TYPES and not _NUMBER.match(value):
        raise invalid(f"Invalid number for custom field {definition['id']}: {value!r}")
    return value


def typed_value(field_id: int, value: str, datatype: str) -> Json:
    if datatype == "Boolean":
        if value == "1":
            return {"value": "1", "valueBoolean": True, "valueInteger": 1, "valueDouble": 1, "valueArray": ["1"],
                    "fieldId": field_id}
        return {"value": 0, "valueBoolean": False, "valueInteger": 0, "valueDouble": 0, "valueArray": [],
                "fieldId": field_id}
    out: Json = {"value": value}
    if datatype == "Date" and is_date(value):
        out["valueDate"] = value
    if value == "":
        out["valueInteger"] = None
    elif _NUMBER.match(value):
        number = tidy(float(value))
        out["valueInteger"] = int(float(value))
        out["valueDouble"] = number
    out["valueArray"] = value.split(",") if datatype == "MultiSelect" and value else [value]
    out["fieldId"] = field_id
    return out


def render_values(values: dict[int, str], definitions: dict[int, Json]) -> list[Json]:
    return [typed_value(fid, value, definitions[fid]["datatype"]) for fid, value in values.items()
            if fid in definitions]


def apply_values(values: dict[int, str], written: Any, definitions: dict[int, Json]) -> None:
    """Merge ``[{"fieldId": N, "value": X}, ...]`` into a record's values; fields not mentioned keep theirs."""
    if not isinstance(written, list):
        raise invalid("custom must be an array")
    for item in written:
        if not isinstance(item, dict) or "fieldId" not in item:
            raise invalid("Each custom value needs a fieldId")
        try:
            field_id = int(item["fieldId"])
        except (TypeError, ValueError):
            raise invalid(f"Invalid fieldId: {item['fieldId']!r}") from None
        if field_id not in definitions:
            raise invalid(f"No such custom field: {field_id}")
        stored = stored_value(item.get("value"), definitions[field_id])
        if stored is None:
            values.pop(field_id, None)
        else:
            values[field_id] = stored
