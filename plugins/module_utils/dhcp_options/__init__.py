# -*- coding: utf-8 -*-
# Copyright: eds.vpc_access contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The edits the dhcp_options role makes to an existing DHCP server's configuration.

common.py holds what every backend shares (option 6 list, option 121 routes), kea.py, dhcpd.py and dnsmasq.py
one backend each, inputs.py the checks of the module's options, plan.py reads the host's files and computes the
new texts, files.py writes them. plugins/modules/dhcp_options_edit.py is the module built on them.
"""
