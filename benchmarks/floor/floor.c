// The libjpeg-turbo floor: for each JPEG, only what any pipeline doing this job must pay libjpeg
// for. A DCT-scaled decode (the same scale rule as profile-image: the smallest of 1/8, 1/4, 1/2
// that keeps twice the pixels both outputs need, else full size) and the two JPEG encodes at the
// output sizes (quality 85, 4:2:0, optimised Huffman, like profile-image's defaults). The output
// pixels are picked by nearest neighbour, which costs next to nothing: no filtering, no
// orientation, no checks beyond libjpeg's own. Outputs are written like the real tools do.
//
// --tight makes it tighter still: the smallest DCT scale whose result still covers the outputs
// (a margin of 1, not 2) and libjpeg's standard Huffman tables (no optimising pass).
//
//   floor [--tight] OUTDIR FILE.jpg...

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

enum { MAX_SIDE = 2048, CROP = 512, QUALITY = 85 };

static unsigned char *slurp(const char *path, unsigned long *length) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(1); }
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    unsigned char *data = malloc((size_t)size);
    if (fread(data, 1, (size_t)size, file) != (size_t)size) { perror(path); exit(1); }
    fclose(file);
    *length = (unsigned long)size;
    return data;
}

static int tight = 0;

static void encode(const char *path, const unsigned char *rgb, int width, int height) {
    struct jpeg_compress_struct cinfo;
    struct jpeg_error_mgr jerr;
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    unsigned char *buffer = NULL;
    unsigned long length = 0;
    jpeg_mem_dest(&cinfo, &buffer, &length);
    cinfo.image_width = (JDIMENSION)width;
    cinfo.image_height = (JDIMENSION)height;
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, QUALITY, TRUE);
    cinfo.optimize_coding = tight ? FALSE : TRUE;
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(rgb + (size_t)cinfo.next_scanline * width * 3);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    FILE *file = fopen(path, "wb");
    if (!file || fwrite(buffer, 1, length, file) != length) { perror(path); exit(1); }
    fclose(file);
    free(buffer);
}

// Nearest-neighbour pick of a w x h output from the region (x, y, rw, rh) of the source.
static unsigned char *pick(const unsigned char *src, int stride, int x, int y, int rw, int rh, int w, int h) {
    unsigned char *out = malloc((size_t)w * h * 3);
    for (int j = 0; j < h; j++) {
        const unsigned char *row = src + (size_t)(y + (int)((j + 0.5) * rh / h)) * stride;
        for (int i = 0; i < w; i++) memcpy(out + ((size_t)j * w + i) * 3, row + (x + (int)((i + 0.5) * rw / w)) * 3, 3);
    }
    return out;
}

static int fit(int side, int long_side, int target) {
    return long_side <= target ? side : (int)((double)side * target / long_side + 0.5);
}

int main(int argc, char **argv) {
    int first = 1;
    if (argc > 1 && strcmp(argv[1], "--tight") == 0) {
        tight = 1;
        first = 2;
    }
    if (argc < first + 2) { fprintf(stderr, "usage: floor [--tight] OUTDIR FILE.jpg...\n"); return 2; }
    const char *outdir = argv[first];
    const double margin = tight ? 1.0 : 2.0;
    for (int a = first + 1; a < argc; a++) {
        unsigned long length;
        unsigned char *data = slurp(argv[a], &length);
        struct jpeg_decompress_struct cinfo;
        struct jpeg_error_mgr jerr;
        cinfo.err = jpeg_std_error(&jerr);
        jpeg_create_decompress(&cinfo);
        jpeg_mem_src(&cinfo, data, length);
        jpeg_read_header(&cinfo, TRUE);
        int W = (int)cinfo.image_width, H = (int)cinfo.image_height, L = W > H ? W : H, S = W < H ? W : H;
        int iw = fit(W, L, MAX_SIDE), ih = fit(H, L, MAX_SIDE), cs = S <= CROP ? S : CROP;
        int eighths = 8;
        for (int n = 1; n <= 4; n *= 2) {
            if ((double)W * n / 8 >= margin * iw && (double)H * n / 8 >= margin * ih && (double)S * n / 8 >= margin * cs) {
                eighths = n;
                break;
            }
        }
        cinfo.scale_num = (unsigned)eighths;
        cinfo.scale_denom = 8;
        cinfo.out_color_space = JCS_RGB;
        jpeg_start_decompress(&cinfo);
        int w = (int)cinfo.output_width, h = (int)cinfo.output_height, stride = w * 3;
        unsigned char *pixels = malloc((size_t)stride * h);
        while (cinfo.output_scanline < cinfo.output_height) {
            JSAMPROW row = pixels + (size_t)cinfo.output_scanline * stride;
            jpeg_read_scanlines(&cinfo, &row, 1);
        }
        jpeg_finish_decompress(&cinfo);
        jpeg_destroy_decompress(&cinfo);

        const char *name = strrchr(argv[a], '/');
        name = name ? name + 1 : argv[a];
        char path[4096];
        unsigned char *image = pick(pixels, stride, 0, 0, w, h, iw, ih);
        snprintf(path, sizeof path, "%s/%s.image.jpg", outdir, name);
        encode(path, image, iw, ih);
        int side = w < h ? w : h;
        unsigned char *crop = pick(pixels, stride, (w - side) / 2, (h - side) / 2, side, side, cs, cs);
        snprintf(path, sizeof path, "%s/%s.cropped_image.jpg", outdir, name);
        encode(path, crop, cs, cs);
        free(image);
        free(crop);
        free(pixels);
        free(data);
    }
    return 0;
}
