#!/usr/bin/env python3
"""Checks Kith's Open Referral UK API the way the official ORUK validator does.

Reads / for "version": "HSDS-UK-3.0"; pages every list endpoint on its first,
middle and last page; then requests every {id} found; and validates each body
against the profile's schemas (JSON Schema 2020-12, with format checks) and the
page wrapper of the profile's OpenAPI document. Every response must carry
Access-Control-Allow-Origin: *.

    tests/oruk/validate.py BASE_URL SCHEMA_DIR
    e.g. tests/oruk/validate.py http://127.0.0.1:8090/oruk ../shared/data/openreferral/oruk_profile/schema
"""
import json
import sys
import urllib.error
import urllib.request

import jsonschema

base, schema_dir = sys.argv[1].rstrip('/'), sys.argv[2].rstrip('/')
failures = []
checked = 0


def load(name):
    with open(f'{schema_dir}/{name}') as f:
        return json.load(f)


# endpoint -> (list item schema, {id} schema); the compiled *_list schemas describe one item of a page.
ENDPOINTS = {
    'services': ('compiled/service_list.json', 'compiled/service.json'),
    'service_at_locations': ('compiled/service_at_location_list.json', 'compiled/service_at_location.json'),
    'organizations': ('compiled/organization_list.json', 'compiled/organization.json'),
    'taxonomies': ('taxonomy.json', 'taxonomy.json'),
    'taxonomy_terms': ('taxonomy_term.json', 'taxonomy_term.json'),
}
PAGE_FIELDS = {'total_items': int, 'total_pages': int, 'page_number': int, 'size': int,
               'first_page': bool, 'last_page': bool, 'empty': bool}


def get(path):
    global checked
    checked += 1
    url = base + path
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            if r.headers.get('Access-Control-Allow-Origin') != '*':
                failures.append(f'{path}: no Access-Control-Allow-Origin: *')
            return json.loads(r.read())
    except urllib.error.HTTPError as e:
        failures.append(f'{path}: HTTP {e.code}: {e.read()[:300]!r}')
        return None


def validate(path, body, schema_name):
    validator = jsonschema.Draft202012Validator(load(schema_name), format_checker=jsonschema.FormatChecker())
    for error in sorted(validator.iter_errors(body), key=str)[:5]:
        where = '/'.join(str(p) for p in error.absolute_path)
        failures.append(f'{path}: {schema_name} at /{where}: {error.message[:200]}')


root = get('')
if not root or root.get('version') != 'HSDS-UK-3.0':
    failures.append(f'/: version should be HSDS-UK-3.0, got {root!r}')

ids = {}
for endpoint, (item_schema, _) in ENDPOINTS.items():
    first = get(f'/{endpoint}')
    if first is None:
        continue
    pages = sorted({1, max(1, (first.get('total_pages') or 1 + 1) // 2), max(1, first.get('total_pages') or 1)})
    found = []
    for n in pages:
        page = first if n == 1 else get(f'/{endpoint}?page={n}')
        if page is None:
            continue
        for field, kind in PAGE_FIELDS.items():
            if not isinstance(page.get(field), kind) or (kind is int and isinstance(page.get(field), bool)):
                failures.append(f'/{endpoint}?page={n}: page field {field} should be {kind.__name__}')
        if page.get('page_number') != n:
            failures.append(f'/{endpoint}?page={n}: page_number is {page.get("page_number")}')
        if page.get('size') != len(page.get('contents', [])):
            failures.append(f'/{endpoint}?page={n}: size does not match contents')
        for i, item in enumerate(page.get('contents', [])):
            validate(f'/{endpoint}?page={n} contents[{i}]', item, item_schema)
            found.append(item.get('id'))
    if first.get('total_items', 0) and not found:
        failures.append(f'/{endpoint}: total_items is {first["total_items"]} but no contents')
    ids[endpoint] = found
    print(f'{endpoint}: {first.get("total_items")} items, pages {pages} checked', flush=True)

for endpoint, (_, one_schema) in ENDPOINTS.items():
    for id_ in ids.get(endpoint, []):
        body = get(f'/{endpoint}/{id_}')
        if body is not None:
            validate(f'/{endpoint}/{id_}', body, one_schema)
            if body.get('id') != id_:
                failures.append(f'/{endpoint}/{id_}: body id is {body.get("id")!r}')

print(f'ORUK validation: {checked} requests')
if failures:
    print(f'{len(failures)} failures:')
    for f in failures[:60]:
        print('  ' + f)
    sys.exit(1)
print('ORUK validation: every response conforms')
