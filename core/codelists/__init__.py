"""Code lists (代码表/数据字典): the stable codes and labels that forms offer in selects.

A plugin declares its lists with their seed entries (``sifa_code_lists``); the declared
entries live in code, so an upgrade never needs a data step. A bureau adds its own entries
and switches entries off for its subtree on the dictionaries page (``/admin/dictionaries``);
those are rows of ``code_list_entry``. Stored records keep their code forever: an entry
switched off disappears from the forms' choices but its label is still found.
"""
