# -*- coding: utf-8 -*-
# Copyright (c) eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which nftables base chains drop IKE by their policy: rulesets as nft itself prints them (fixtures/nft/README.md)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from ansible_collections.eds.vpc_access.plugins.plugin_utils.diagnosis import parsers

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "nft")


def ruleset(name):
    with open(os.path.join(FIXTURES, name + ".json"), encoding="utf-8") as f:
        return f.read()


def test_policy_drop_with_no_rule_for_ike_is_named():
    # loopback, SSH, ICMP, any TCP, DNS: none of them takes UDP 500/4500
    assert parsers.nft_ike_policy_drops(ruleset("closed")) == [
        "inet site_fw input: policy drop, no rule accepts udp 500/4500"]


def test_answers_to_the_gateways_own_ike_let_it_through():
    # the ipsec_peer role starts the SAs (start_action start): the cloud's answers are established connections
    assert parsers.nft_ike_policy_drops(ruleset("established")) == []


def test_a_rule_in_a_chain_jumped_to_counts():
    assert parsers.nft_ike_policy_drops(ruleset("jump")) == []


def test_output_chains_count_and_ipv6_tables_do_not():
    assert parsers.nft_ike_policy_drops(ruleset("output")) == [
        "inet site_fw output: policy drop, no rule accepts udp 500/4500"]


def test_rules_that_may_accept_ike():
    # three base chains with policy drop, each with one of: th dport 4500 accept, meta l4proto udp accept,
    # udp dport != 500 accept (4500 passes)
    assert parsers.nft_ike_policy_drops(ruleset("open")) == []


def test_a_policy_drop_is_not_an_explicit_block_and_vice_versa():
    assert parsers.nft_ike_blocks(ruleset("closed")) == []
    assert parsers.nft_ike_policy_drops(ruleset("closed"))


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"nftables": [{"chain": {"hook": "input"}}]}'])
def test_unreadable_or_partial_rulesets_name_nothing(text):
    assert parsers.nft_ike_policy_drops(text) == []
