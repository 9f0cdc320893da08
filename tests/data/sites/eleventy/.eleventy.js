module.exports = function (eleventyConfig) {
  eleventyConfig.addPassthroughCopy("posts/images");
};
