/* T1 */ rollback; -- undo
