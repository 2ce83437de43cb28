module.exports = require("./planCacheSetup").teardown;
