"c³V"/*y uk t*/"Ùw"
{
//  q eizpkgv ﻿ 
/**/  for /* */(let /**//*hjp a x   e
　*///vs y  
arguments in (2e308)) do if// del g  z  nfd 
 /**//*m ﻿lf x v zit */(w =/*﻿ks
 mm nyrxg
m*///d﻿  ay l  crp

/(?:)*$(?=\B\b[][])/gu) continue while//xfznambvt
((null)); //n o kzdff    class/*  　 n﻿q﻿hv slq   *//* h dkg   
*/pmfvpdtdvawrma extends//bs　f ypp c ql nai  
 /*rs v　vgx fx﻿s*/ /r|\ck*|(?=$)/imsu {
    set  [(null)]//i  v  　q 
/*  rh   	*/ (async)/*yhx﻿c﻿  
*//*pa	og*/ //fjs ey{
  //﻿sq f	aa  imlknt  h
  //n
//
/*  pn　tmh*/  /*tu  zj   
x*/"<"
 /*h gg
k pi  zialn*/   "use strict"
     
"}"
//id    cv  s s   zp 　

// bzftzpt iyv
/*s dltgt﻿   h*/   //k ar
/*vvy*/ 

"?Îø"
  //abmcvxs  vcl orm﻿ /* c 　q  
 tt  fydn*/
  debugger /*﻿ v  sydpjc x z*/ 
//eib ryq


// cu
/* 
s */for (let async in new.target) 

break 
   /*s p  */ /*fm  zz*//*n   
  f s*/;((9.40726573811844e206));
//k/*o*/  }
 /*
b h ilt j *//*gf	 hx
uy xz g */ //   tss 
 

static set [y = "}\r"] (async


= "ãS¾") {/* sh    o */
    // 
  /*	cy
vep
 y b t p*/"j"
    /*  */ /*k 	  ru rf　ad*/  try//uy﻿  h m
 {} finally/*gnso
sx　 q 
 p*/ // hec  c　
 {}
//itk    //
/* ei﻿g*/ switch /**///szmnfhi qazqqp k 
(this) { /*　cqv
   r */

    ﻿  //sy smqo  op
default: /*  im*/   /* c 
hllcxvhaqli */ }
	   /*mai el */ // fck//ky 
  for
	(;;) break//tsf	h
//nt  x 
//   hg f    mlrxlob



}

 
  static set


[(new /*o p ni  yde qee mk*/(/H\b\f{1428,59480}?(?!)|\v(?=)\4[\0-8]()()()()/msuy))]　(await) {

/* */  
//    ph﻿oed b　 y  "­"


 
  "use strict"
  

 /**/   //s y e 	 yreturn;
    

/*c */docontinue
while ((null))
  /*v　f x *//* n x  oe jzhh c*/ //oe   z 

//vdv g qrco ok  q n 

async function



x(y, o,/* 　hg
czn uh zaj　q*/ v,
m,// q r p   cthn ltgc
 async) {
  
//　o g ojnip  
"S" /*q ruv vmm te  b*/ //xro　bxc ocplne
     // v  p  "use strict"
/*ir  
zph*//* bi d vzs e  kq d*/  //i﻿ gb   vd m  /* f krmf u t  gx l*//*　x*/ 

   "¡µÊ"
/*f  af*//*scixgqk　a
 
 h*/    
  "×ä" // k xs  yieah
// g﻿s ﻿ jsvrgv
   }
//srnij vm	jk 	 z k
//qkk iesee 
   }
    static
async ""()/*  l*/ {
    /*di e ukchh    ug  
*///a ysejj m cn ee""

//xj hf

 
    
"±~"/* n	af k x dr  ﻿*/ //  iaz  e cp npa	q
/*ld jata*/  　 "ç¡"
// g phn mx u nt /* h
 nqqhh gfolz 
t*//*lria
x a*/ 

    "NPZ$"/* q*/      ""
//sg  n　 p	 hz ket	
    }


}
/*z p 
qk*/
while //or 　f   n
(/p+[^]*?(?!)??(?![])||(?:){9595}(?=)(?!)(?=\J)|^(?=){95473}?(?!){19254,72343}?/gim(q,﻿
(((/(?:)[-!-\xFA-\\-v\n][^-]+?[-]*(?=)|(?=)*[^-]{13539,71129}(?=)/giy)) + (6536.59)))()) try {} catch ([])/**/ {}
//    e  dllga
  //oe  op ah
for(let

	//lq　brt   p n  h
/*　e	
u pubt*//*tdpo	*/ implements

 
in

((0xAEE5B95600000[(public)]))[(/(?:)/imy)]　/= implements/*m﻿ */ =// ((((null)) // 　l 
? 4250649220874240 :
 6946.73)))//ebqsp v 　b

//  jb e  e﻿gpngxx﻿  
for/*n
  xd sf*/ //　u	  pv u  p	g(const 	n of
/*io  ot o ueda */
/*nrg*//*	f*/(/\b^||\6[^\--\|\f-nO-\xD7\--s\--\u{10eff9}]\ud030$()()()()()()/gmsuy)) continue
/*tg*/  /*gi   iz*///rt
  with ((((((((3029.62)))


? false
: 2e308)?// d

/*r　 a      eq c km*/[] /*r j
nzut*/:// gy
//l 
(a = null)).flhwdhvyjvmmv)))/* xo */ ////
for/*chk  mzgsn ak   huc*/ (var//  nu ysvs b ro   i eval


of/* a   b*/ [() /*d  t j ej  ar*//*hle q ukjr rpth*/=> 2e308	?/*if	od
 d    l s */ (((j)))/*   f
vd
nz*///
 : (/[-]{19947,37335}K(?:)/m), , ,
]) /*   qpx   gk i	a  */switch ((true)[(((null)))]) /* uc	  g nv gku n
j c*///t r
//cduucmn   d 　 tr{
    case

this:/*a qtp*/
// r	ia ﻿apkyh iiuv


// pz	l 

case/*ls*/ 5823:
    case

(async):/*jtd  iuqm ojtbv*/
  ﻿ 
case (""):
// 

/*m*/


  }
}
