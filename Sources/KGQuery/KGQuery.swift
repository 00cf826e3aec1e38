import KGCore
