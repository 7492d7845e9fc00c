# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Generic helpers shared by the resource modules: output shaping, tag and option diffs, --diff, masks.

The modules are thin: they describe their resource (wire ↔ option names) and call these helpers, in the
manner of amazon.aws module_utils/tagging.py and netbox's NetboxModule.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible.module_utils.common.dict_transformations import _camel_to_snake

# every secret a module returns or shows in --diff (customer gateway auth_key, IPsec pre-shared keys) and every
# secret cut out of an error message reads as this one mask
from ansible_collections.eds.vpc_access.plugins.module_utils.client.errors import MASK  # pylint: disable=unused-import
CHECK_MODE_ID = '(known after creation)'
_VSWITCH_RE = re.compile(r'VSwitch')


def snake(name):
    """Wire name → option name; VSwitchId becomes vswitch_id (the name users know), not v_switch_id."""
    return _camel_to_snake(_VSWITCH_RE.sub('Vswitch', name))


def snake_keys(value):
    """Recursively snake_case dict keys; the double list wrappers ({"Tags": {"Tag": [...]}}) are kept as data."""
    if isinstance(value, dict):
        return dict((snake(k), snake_keys(v)) for k, v in value.items())
    if isinstance(value, list):
        return [snake_keys(v) for v in value]
    return value


def unwrap(value, inner):
    """{"Tag": [...]} → [...]; a bare list stays a list; missing → []."""
    if isinstance(value, dict):
        value = value.get(inner)
    return list(value or [])


def tags_to_dict(wire):
    """Wire tags ({"Tag": [{"Key","Value"}]} or a list) → {key: value}."""
    return dict((t.get('Key') or t.get('TagKey'), t.get('Value', t.get('TagValue')) or '')
                for t in unwrap(wire, 'Tag') if (t.get('Key') or t.get('TagKey')))


def tags_to_list(tags):
    return [dict(Key=k, Value=v) for k, v in sorted((tags or {}).items())]


def compare_tags(current, desired, purge=True):
    """(tags to set, keys to remove). desired None = tags are not managed."""
    if desired is None:
        return {}, []
    current = current or {}
    to_set = dict((k, v) for k, v in desired.items() if current.get(k) != v)
    to_remove = sorted(k for k in current if k not in desired) if purge else []
    return to_set, to_remove


def merged_tags(current, desired, purge=True):
    """The tags the resource will have after compare_tags() changes are applied."""
    if desired is None:
        return dict(current or {})
    result = {} if purge else dict(current or {})
    result.update(desired)
    return result


def changed_options(current, desired):
    """{option: (current, wanted)} for every option the user set (not None) that differs."""
    return dict((k, (current.get(k), v)) for k, v in desired.items() if v is not None and current.get(k) != v)


def refuse_immutable(module, what, resource_id, changes, immutable_keys, advice, **result):
    """Fail naming every requested change of an attribute the API cannot change after creation."""
    immutable = sorted(k for k in changes if k in immutable_keys)
    if immutable:
        module.fail_json(msg='%s %s: %s cannot be changed after creation (%s); %s' % (
            what, resource_id, ', '.join(immutable),
            '; '.join('%s is %r, requested %r' % (k, changes[k][0], changes[k][1]) for k in immutable), advice), **result)


def planned_update(before, current, changes, tags, purge_tags):
    """An in-place update: (after, to_set, to_remove, predicted).

    after: the managed attributes once updated; to_set/to_remove: the tag calls to make; predicted: the resource
    a check-mode run reports. No changes and no tag calls mean there is nothing to do.
    """
    to_set, to_remove = compare_tags(before['tags'], tags, purge_tags)
    after = dict(before)
    after.update(dict((k, v[1]) for k, v in changes.items()))
    after['tags'] = merged_tags(before['tags'], tags, purge_tags)
    predicted = dict(current)
    predicted.update(after)
    return after, to_set, to_remove, predicted


def mask(values, secret_keys):
    return dict((k, MASK if (k in secret_keys and v not in (None, '')) else v) for k, v in (values or {}).items())


def make_diff(before, after, secret_keys=()):
    """--diff payload: before/after of the managed attributes, secrets masked ({} = absent)."""
    return dict(before=mask(before, secret_keys), after=mask(after, secret_keys))


def single_match(module, items, id_key, what):
    """The one item, None when none; fails listing the ids when the natural key matches more than one."""
    if len(items) > 1:
        module.fail_json(msg='%s matches %d resources (%s); set the id option to choose one'
                         % (what, len(items), ', '.join(sorted(str(i.get(id_key)) for i in items))))
    return items[0] if items else None


def matches_tags(resource_tags, wanted):
    """True when every wanted tag is present with that value (a None value = key present, any value)."""
    for key, value in (wanted or {}).items():
        if key not in resource_tags or (value is not None and resource_tags[key] != value):
            return False
    return True


def matches_filters(item, among=None, equal=None, tags=None):
    """The _info modules' filters: item[key] is one of among[key] and equals equal[key], the item carries the wanted
    tags; a filter whose value is None was not given and matches everything."""
    for key, values in (among or {}).items():
        if values is not None and item.get(key) not in values:
            return False
    for key, value in (equal or {}).items():
        if value is not None and item.get(key) != value:
            return False
    return matches_tags(item.get('tags') or {}, tags)


def fail_on_errors(module, errors):
    """Validation failures before any API call: one message listing every problem."""
    if errors:
        module.fail_json(msg='; '.join(errors), errors=errors)


def apply_vpc_tags(module, resource_type, resource_id, to_set, to_remove):
    """Tag/untag through the VPC TagResources family (resource types VPNGATEWAY, CUSTOMERGATEWAY, ...)."""
    if to_remove:
        module.call('vpc', 'UnTagResources', ResourceType=resource_type, ResourceId=[resource_id], TagKey=to_remove)
    if to_set:
        module.call('vpc', 'TagResources', ResourceType=resource_type, ResourceId=[resource_id],
                    Tag=tags_to_list(to_set))
