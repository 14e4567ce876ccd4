"""Organizations: executive bodies, ministries, the governorate, county governorates, councils."""
