"""The steps of a build, one module per box of the data-flow diagram: frames in, frames out."""
