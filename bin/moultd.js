#!/usr/bin/env node
// moultd is the same CLI as moult (SPEC 1): `moultd start eco.json` == `moult start eco.json`.
'use strict';
require('./moult.js');
