# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters eds.vpc_access.vpc_access_diagnosis and eds.vpc_access.dig_answer; documentation in their .yml files."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.eds.vpc_access.plugins.plugin_utils.diagnosis import causes, parsers


def vpc_access_diagnosis(facts):
    """What diagnose.yml read on both sides -> the causes in plain words, with the fix, and the report text."""
    if not isinstance(facts, dict):
        raise AnsibleFilterError("vpc_access_diagnosis: the input must be a dictionary, not %s" % type(facts).__name__)
    result = causes.diagnose(facts)
    result["text"] = causes.report_text(result)
    return result


def dig_answer(output, rc=0):
    """Full dig output -> {status, answers, addresses, cnames, server, error}."""
    return parsers.dig_answer(output, rc)


class FilterModule(object):
    def filters(self):
        return {"vpc_access_diagnosis": vpc_access_diagnosis, "dig_answer": dig_answer}
