# -*- coding: utf-8 -*-
"""The office network's output shape: the access type in the option's spelling, whatever case the API reads back."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.eds.vpc_access.plugins.module_utils.office_network.output import access_type


@pytest.mark.parametrize('wire,option', [('INTERNET', 'Internet'), ('Internet', 'Internet'), ('ANY', 'Any'),
                                         ('Any', 'Any'), ('vpc', 'VPC'), ('', ''), (None, ''), ('Other', 'Other')])
def test_access_type_spelling(wire, option):
    assert access_type(wire) == option
